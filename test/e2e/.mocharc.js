// `npm run test:e2e`: the e2e tier's settings from test/tiers.js.
module.exports = { ...require('../tiers').e2e, spec: ['out/test/e2e/**/*.test.js'], reporter: './test/reporter.js', 'reporter-option': ['label=e2e'] };
