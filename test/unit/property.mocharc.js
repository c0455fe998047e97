// `npm run test:property`: the property-based tests (test/unit/*Property.test.ts), with the property tier's settings from test/tiers.js.
module.exports = { ...require('../tiers').property, spec: ['out/test/unit/**/*Property.test.js'], reporter: './test/reporter.js', 'reporter-option': ['label=property'] };
