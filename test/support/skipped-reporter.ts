import type { Reporter, TestModule } from 'vitest/node';

/** Why a group of tests cannot run on this machine, and how to let it. */
export interface SkippedGroup {
  what: string;
  why: string;
  /** Which skipped tests belong to it (by full name); none: the group never started. */
  matches?: (fullName: string) => boolean;
}

/**
 * Ends `npm test` with one line per group of tests this machine skipped and why (no
 * PostgreSQL, no Chromium), with how many tests that was, so a green run that skipped a
 * third of the suite says so. Under CI=true nothing skips: the config fails instead.
 */
export class SkippedReporter implements Reporter {
  constructor(private readonly groups: SkippedGroup[]) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (this.groups.length === 0) return;
    const skipped = testModules.flatMap((m) => [...m.children.allTests()].filter((t) => t.result().state === 'skipped').map((t) => t.fullName));
    const lines = this.groups.map((group) => {
      const count = group.matches ? skipped.filter(group.matches).length : null;
      return `  skipped: ${group.what}${count !== null ? ` (${count} tests)` : ''} — ${group.why}`;
    });
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
