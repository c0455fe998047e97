// `npm run test:unit`: the unit tier's settings from test/tiers.js.
module.exports = { ...require('../tiers').unit, spec: ['out/test/unit/**/*.test.js'], reporter: './test/reporter.js', 'reporter-option': ['label=unit'] };
