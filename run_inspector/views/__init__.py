"""Pure, UI-free view functions that turn run models into what the run page shows."""
