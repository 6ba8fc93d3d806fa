"""Growth plans: gaps turned into dated activities and milestones, with Markdown and iCalendar exports."""
