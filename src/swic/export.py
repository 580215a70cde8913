"""Static export of charts and their data: SVG and PNG images, Excel and Dutch CSV (filled in later)."""
