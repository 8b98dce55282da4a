"""One module per page; pages only render state."""
