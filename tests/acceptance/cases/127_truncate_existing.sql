-- label: unsafe
-- why: TRUNCATE of an existing table destroys its data and takes ACCESS EXCLUSIVE
-- webhook_deliveries is just a log, start fresh after the provider switch
TRUNCATE TABLE webhook_deliveries RESTART IDENTITY;
