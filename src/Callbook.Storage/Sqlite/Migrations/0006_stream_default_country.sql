-- A stream's default country ("+46"): caller lookup without countryCode, console search and console
-- forms read a national number in it. NULL: no default (a national number needs its country code).
ALTER TABLE streams ADD COLUMN default_country_code TEXT;
