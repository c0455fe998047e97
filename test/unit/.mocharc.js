// `npm run test:unit`: the unit tier's settings from test/tiers.js; the property tests have their own tier.
module.exports = { ...require('../tiers').unit, spec: ['out/test/unit/**/*.test.js'], ignore: ['out/test/unit/**/*Property.test.js'], require: ['out/test/unit/isolateCache.js'], reporter: './test/reporter.js', 'reporter-option': ['label=unit'] };
