-- label: safe
-- why: inserting a few rows with ON CONFLICT DO NOTHING takes ROW EXCLUSIVE only
INSERT INTO feature_flags (name, enabled, description)
VALUES
    ('new_checkout', false, 'Single-page checkout'),
    ('invoice_pdf_v2', false, 'New PDF renderer')
ON CONFLICT (name) DO NOTHING;
