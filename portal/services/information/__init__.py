"""Information: published pages, their editing and search, and the tools around them."""
