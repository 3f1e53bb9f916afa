import { PendingProgress, renderBar } from '../../../src/cli/progress';

describe('renderBar', () => {
  test.each([
    [0, 10, '[----------]   0%'],
    [5, 10, '[#####-----]  50%'],
    [10, 10, '[##########] 100%'],
    [15, 10, '[##########] 100%'],
    [0, 0, '[##########] 100%'],
    [1, 3, '[###-------]  33%'],
  ])('%p of %p', (done, total, bar) => {
    expect(renderBar(done, total, 10)).toBe(bar);
  });
});

describe('PendingProgress', () => {
  test('the largest pending count is the total; the bar follows what is pending', () => {
    const lines: string[] = [];
    const progress = new PendingProgress((t) => lines.push(t), false, 'reconcile');
    progress.update(4);
    progress.update(4);
    progress.update(2);
    progress.update(3);
    progress.update(0);
    progress.finish();
    expect(lines).toEqual([
      expect.stringMatching(/0%\s+4 changes pending\n$/),
      expect.stringMatching(/50%\s+2 changes pending\n$/),
      expect.stringMatching(/25%\s+3 changes pending\n$/),
      expect.stringMatching(/100%\s+0 changes pending\n$/),
    ]);
  });

  test('on a terminal it redraws one line and ends it with a newline', () => {
    let written = '';
    const progress = new PendingProgress((t) => (written += t), true, 'reconcile');
    progress.update(2);
    progress.update(0);
    progress.finish();
    expect(written.startsWith('\r')).toBe(true);
    expect(written.split('\n')).toHaveLength(2);
    expect(written.endsWith('\n')).toBe(true);
  });
});
