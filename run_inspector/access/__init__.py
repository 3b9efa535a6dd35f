"""Who may use the app when sign-in is on: the allow-list, and whether a signed-in person's
claims let them in."""
