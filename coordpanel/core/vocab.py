"""The domain's fixed codes, each list defined once and in one order: tiers, person statuses, user and coverage roles.

Only codes live here; their names in each language are i18n keys (tier.<code>, person.<code>, role.<code>,
cov.role.<code>). The database schema's CHECK constraints and tier table hold the same codes (queries/schema)."""

# The tiers a building needs to count as covered (tier.covers_building in the schema): the three-tier system.
COVERING_TIERS = ("grid", "property", "volunteer")

# The four tiers, in the one order every screen shows them: the three covering tiers, then the cadres who reinforce
# them (DESIGN.md's order, and the schema's tier.sort_order).
TIERS = (*COVERING_TIERS, "cadre")

# A gate shift needs at least one active member of these tiers (the property_or_cadre roster rule).
ANCHOR_TIERS = ("property", "cadre")

# A person's status; anyone not active leaves a gap from their status date on.
STATUSES = ("active", "sick", "quarantined", "left")

# The app's user roles: the office roles, fewest rights first, then the gate lead (门岗组长), who records today's
# attendance at the gates given to them and sees nothing else (auth.RIGHTS says what each may do).
USER_ROLES = ("leader", "planner", "admin", "gatelead")

# A person's role in serving a building.
COVERAGE_ROLES = ("primary", "backup")
