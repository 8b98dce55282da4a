"""UI pieces shared by pages. They render state; they never touch the database."""
