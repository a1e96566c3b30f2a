// Where a test file's apps write their logs: one file per test file under the run's TEST_LOG_DIR, so a
// passing run prints none of them and a failing file's can be shown (test/support/failed-test-logs.js).
// Plain JS: jest loads reporters without transforming them.
const path = require('node:path');

function testLogFile(dir, rootDir, testPath) {
  return path.join(dir, `${path.relative(rootDir, testPath).replace(/[\\/]/g, '__')}.log`);
}

module.exports = { testLogFile };
