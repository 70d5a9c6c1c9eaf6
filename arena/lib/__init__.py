"""What any app may use and no domain owns (as healthchecks keeps `hc/lib/`): PDF rendering
with the no-network fetcher (`pdf`), CSV/XLSX writing with formula injection neutralised
(`tables`), the tabular import reader with its limits (`reader`), working days, holidays and the
公示 window (`workdays`), QR codes (`qr`) and secrets out of text (`redaction`). It imports no
app."""
