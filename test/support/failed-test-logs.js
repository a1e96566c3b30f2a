// A jest reporter: tests are quiet (the apps log to a file per test file, see isolateTestFile); when a
// file fails, the tail of its apps' logs is printed after its result, with the path of the whole log.
const fs = require('node:fs');
const path = require('node:path');
const { testLogFile } = require('../../libs/testing/src/test-log-file');

const TAIL_LINES = 200;

class FailedTestLogs {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onTestResult(_test, result) {
    const dir = process.env.TEST_LOG_DIR;
    if (!dir || (!result.numFailingTests && !result.testExecError)) return;
    const file = testLogFile(dir, this.rootDir, result.testFilePath);
    if (!fs.existsSync(file)) return;
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const tail = lines.slice(-TAIL_LINES);
    process.stderr.write(
      `\nThe apps' logs of ${path.relative(this.rootDir, result.testFilePath)} ` +
        `(last ${tail.length} of ${lines.length} lines; all in ${file}):\n${tail.join('\n')}\n\n`,
    );
  }
}

module.exports = FailedTestLogs;
