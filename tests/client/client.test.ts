// Drives a running Callbook through a client generated from its own /openapi/v1.json
// (openapi-typescript types + openapi-fetch): every call below is typed by the generated code,
// and `npm run typecheck` fails when the document and this use of it disagree.
// Environment: CALLBOOK_URL, CALLBOOK_ACCOUNT, CALLBOOK_STREAM, CALLBOOK_TOKEN (see run.sh).
import { test } from "node:test";
import assert from "node:assert/strict";
import createClient from "openapi-fetch";
import type { paths } from "./generated/callbook.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const client = createClient<paths>({ baseUrl: env("CALLBOOK_URL"), headers: { auth: env("CALLBOOK_TOKEN") } });
const params = { path: { streamId: env("CALLBOOK_STREAM") }, header: { accountId: env("CALLBOOK_ACCOUNT") } };
const contact = (firstName: string, phoneNumber: string) => ({
  firstName, lastName: "doe", salutation: "mr", cellPhone: { extension: "+", phoneNumber, countryCode: "+91" },
});

test("a generated client creates, imports, lists, looks up, bulk-updates and deletes contacts", async () => {
  const created = await client.POST("/agentassist/api/v1/public/{streamId}/contacts", {
    params, body: [contact("john", "2445612345"), contact("jane", "2445612346")],
  });
  assert.equal(created.response.status, 201, JSON.stringify(created.error));
  assert.ok(Array.isArray(created.data));
  const [john, jane] = created.data as { id: string; cellPhone: { phoneNumber: string } }[];
  assert.equal(john.cellPhone.phoneNumber, "+912445612345");

  const csv = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\nann,lee,ms,2445612347,+91,+\n";
  const imported = await client.POST("/agentassist/api/v1/public/{streamId}/contacts/import-contacts", {
    params: { ...params, query: { summary: true } },
    body: { result_file: csv },
    bodySerializer: (body) => {
      const form = new FormData();
      form.append("result_file", new Blob([body.result_file], { type: "text/csv" }), "contacts.csv");
      return form;
    },
  });
  assert.equal(imported.response.status, 201, JSON.stringify(imported.error));
  assert.equal((imported.data as { imported: number }).imported, 1);

  const listed = await client.GET("/agentassist/api/v1/public/{streamId}/contacts", {
    params: { ...params, query: { limit: 100, status: "ACTIVE" } },
  });
  assert.equal(listed.response.status, 200, JSON.stringify(listed.error));
  assert.equal(listed.data?.totalResults, 3);

  const lookedUp = await client.GET("/agentassist/api/v1/public/{streamId}/contacts", {
    params: { ...params, query: { phone: "+91 24456 12346" } },
  });
  assert.deepEqual(lookedUp.data?.results.map((c) => c.id), [jane.id]);

  const one = await client.GET("/agentassist/api/v1/public/{streamId}/contacts/{id}", {
    params: { path: { ...params.path, id: john.id }, header: params.header },
  });
  assert.equal(one.data?.firstName, "john");

  const updated = await client.PUT("/agentassist/api/v1/public/{streamId}/contacts/bulk-update", {
    params, body: [{ id: john.id, ...contact("johnny", "2445612345") }],
  });
  assert.equal(updated.data?.successful, 1, JSON.stringify(updated.error));
  assert.equal(updated.data?.successfulRecords[0].contact.firstName, "johnny");

  const bulkDeleted = await client.DELETE("/agentassist/api/v1/public/{streamId}/contacts/bulk-delete", {
    params, body: { ids: [jane.id] },
  });
  assert.equal(bulkDeleted.data?.successful, 1, JSON.stringify(bulkDeleted.error));

  const deleted = await client.DELETE("/agentassist/api/v1/public/{streamId}/contacts/{id}", {
    params: { path: { ...params.path, id: john.id }, header: params.header },
  });
  assert.equal(deleted.data?.status, "INACTIVE");

  const refused = await client.GET("/agentassist/api/v1/public/{streamId}/contacts/{id}", {
    params: { path: { ...params.path, id: "not-an-id" }, header: params.header },
  });
  assert.equal(refused.response.status, 400);
  assert.equal(refused.error?.errors[0].code, "INVALID_ID");
});
