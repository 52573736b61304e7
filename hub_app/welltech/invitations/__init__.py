"""Invitations (参画打診): asking a company to join an improvement or development project."""
