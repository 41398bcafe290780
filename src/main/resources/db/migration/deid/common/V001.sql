-- De-identification: the protected mapping table of Safe Harbor surrogates (45 CFR 164.514(c)).
-- domain: what was replaced ("code:patient-id", "uid", "uuid", "date-shift:<range>");
-- digest: HMAC-SHA-256 of the original under the table secret (the original itself is never stored);
-- surrogate: the random replacement. One replacement per original; codes and UIDs are also unique per
-- domain (a date shift is not: many patients share one).
CREATE TABLE deid_surrogates (
  domain TEXT NOT NULL,
  digest TEXT NOT NULL,
  surrogate TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (domain, digest)
);
CREATE UNIQUE INDEX deid_surrogates_code ON deid_surrogates(domain, surrogate) WHERE domain NOT LIKE 'date-shift%';
