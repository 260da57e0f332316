"""PTĐV — phát triển đảng viên."""
