-- label: unsafe
-- why: one subcommand has a gen_random_uuid() default (VOLATILE): the whole ALTER rewrites sessions under ACCESS EXCLUSIVE
ALTER TABLE sessions
    ADD COLUMN user_agent text,
    ADD COLUMN device_fingerprint uuid DEFAULT gen_random_uuid(),
    ADD COLUMN revoked boolean NOT NULL DEFAULT false;
