// The unit specs: no database. The suites on a real PostgreSQL are the `e2e` target (jest.e2e.config.js).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: require('./package.json').nx.name,
};
