module.exports = {
  ...require('../../jest.e2e.preset.js'),
  displayName: `${require('./package.json').nx.name} e2e`,
};
