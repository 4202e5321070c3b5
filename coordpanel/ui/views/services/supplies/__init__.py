"""The supplies page (物资): stock, receipts, issues and movements."""
