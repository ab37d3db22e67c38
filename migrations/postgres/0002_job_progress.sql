-- How far a running check has got, for the upload page's "OCR 第k页/共n页" (never edit once
-- applied). `stage` is `extract`, `ocr` or `checks`; `progress_done`/`progress_total` count
-- the pages of the OCR stage. Written by the worker; NULL until the job starts.
ALTER TABLE jobs ADD COLUMN stage TEXT;
ALTER TABLE jobs ADD COLUMN progress_done BIGINT;
ALTER TABLE jobs ADD COLUMN progress_total BIGINT;
