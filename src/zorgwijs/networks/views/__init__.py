"""Network pages: ``home`` (the network, its convenant, topics and members, its management and
joining) and ``events`` (events, registrations, workshops, the calendar)."""
