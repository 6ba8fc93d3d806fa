"""Assessment: place a profile on a framework's ladder, explain the placement, find the gaps to a target."""
