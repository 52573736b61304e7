"""The registry stays true (DESIGN §11): merging duplicates, the NTA corporate-number data
and the registry check built on it."""
