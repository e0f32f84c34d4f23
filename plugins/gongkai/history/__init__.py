"""Row-level history of datasets (更新记录), read from git: what each commit added, removed and changed."""
