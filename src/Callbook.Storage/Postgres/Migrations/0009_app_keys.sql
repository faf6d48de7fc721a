-- Every kind of JWT app: the signing algorithm chosen at creation (HS256, HS512, RS256, RS512), an RS
-- app's registered public key (and the previous one during a rotation's grace period), and the
-- encryption key pair of apps that take JWE tokens (private key encrypted like the secrets).
ALTER TABLE apps ADD COLUMN alg text NOT NULL DEFAULT 'HS256';
ALTER TABLE apps ADD COLUMN public_key text;
ALTER TABLE apps ADD COLUMN previous_public_key text;
ALTER TABLE apps ADD COLUMN previous_public_key_expires_at bigint;
ALTER TABLE apps ADD COLUMN jwe_private_key text;
ALTER TABLE apps ADD COLUMN enforce_jwe boolean NOT NULL DEFAULT false;
