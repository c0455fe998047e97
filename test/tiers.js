// The mocha settings of each test tier, in one place. CI runs on a busy 2-core machine, so no
// test may depend on how fast it runs: timeouts here only stop a test that hangs. Speed is
// measured in bench/, never asserted by a test. The property tier runs the sidecar writer's
// 10,000 generated cases (about 40 s of CPU: more than a minute of wall time when the machine is
// shared), apart from the unit tests so that their timeout stays tight.
module.exports = {
  unit: { timeout: 60_000, slow: 2_000 },
  property: { timeout: 900_000, slow: 120_000 },
  integration: { timeout: 120_000, slow: 10_000 },
  e2e: { timeout: 600_000, slow: 60_000 },
};
