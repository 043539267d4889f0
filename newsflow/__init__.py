"""newsflow: the command line, settings, service clients and the local stack."""
