-- Notifications as data: a notification names its kind and carries the facts to
-- say it (campaign and party names, amounts in cents, reasons...) as a JSON object
-- of strings and integers; the desktop renders kind + params in the reader's
-- language. title and body stay for rows made before; new rows leave them empty.
ALTER TABLE notifications ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
