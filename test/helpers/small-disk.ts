import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A real small file system for a test (tmpfs of `sizeBytes`): a database on it runs out of
 * space for real. Mounting needs root (CI's containers and this project's test machine run
 * as root); elsewhere the test is skipped loudly, and under CI=true that is a failure.
 */
export interface SmallDisk {
  dir: string;
  /** Take every free byte with a file of its own; returns how many were taken. */
  fill(): number;
  /** Give the filler's bytes back. */
  free(): void;
  unmount(): void;
}

export function smallDiskUnavailable(): string | undefined {
  if (process.getuid?.() === 0) return undefined;
  const reason = 'mounting a tmpfs needs root';
  if (process.env.CI === 'true') throw new Error(`${reason}: under CI=true the disk-full test must run`);
  process.stderr.write(`\n  SKIPPED: the disk-full tests (${reason}; they run under CI as root)\n\n`);
  return reason;
}

export function mountSmallDisk(sizeBytes: number): SmallDisk {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700`, 'tmpfs', dir]);
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = fs.openSync(filler, 'a');
      const chunk = Buffer.alloc(64 * 1024, 0xa5);
      let taken = 0;
      try {
        for (;;) {
          // Shorter writes as the space runs out, down to one byte: every page is taken.
          let size = chunk.length;
          for (;;) {
            try {
              taken += fs.writeSync(fd, chunk, 0, size);
              break;
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code !== 'ENOSPC' || size === 1) throw error;
              size = Math.max(1, size >> 1);
            }
          }
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        fs.closeSync(fd);
      }
      return taken;
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    unmount() {
      try {
        execFileSync('umount', [dir]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
