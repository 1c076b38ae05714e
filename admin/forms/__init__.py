"""Staff forms, one module per task, beside the views that use them."""
