import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express } from 'express';

/**
 * Bull Board over the BullMQ queues, as an express app to mount at `basePath` (behind the
 * admin auth: this module does no authentication of its own).
 */
export function queueBoardApp(queues: readonly Queue[], basePath: string): Express {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(basePath);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'seatsync queues' } },
  });
  const app = adapter.getRouter() as Express;
  app.disable('x-powered-by');
  return app;
}
