/* global module */
// The baseline transform of `npm run bench`: jscodeshift's parse and print, and nothing else.
module.exports = function noopTransform(file, api) {
  return api.jscodeshift(file.source).toSource();
};
