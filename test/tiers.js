// The mocha settings of each test tier, in one place. CI runs on a busy 2-core machine, so no
// test may depend on how fast it runs: timeouts here only stop a test that hangs. Speed is
// measured in bench/, never asserted by a test.
module.exports = {
  unit: { timeout: 60_000, slow: 2_000 },
  integration: { timeout: 120_000, slow: 10_000 },
  e2e: { timeout: 600_000, slow: 60_000 },
};
