-- Claiming reads only unfinished entries: the head (lowest id) of each ordering key among them.
CREATE INDEX outbox_open ON outbox(destination, ordering_key, id) WHERE state IN ('PENDING','RETRYING','IN_FLIGHT','DEAD');
CREATE INDEX outbox_open_live ON outbox(destination, ordering_key, id) WHERE state IN ('PENDING','RETRYING','IN_FLIGHT');
