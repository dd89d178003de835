// Test-only worker entry that stays alive but never starts serving (a load that is stuck).
setInterval(() => undefined, 1_000);
