"""Form classes for the residents' journeys, one module per journey."""
