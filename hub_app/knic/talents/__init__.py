"""Side-job professionals (副業・兼業人材): personal data under APPI."""
