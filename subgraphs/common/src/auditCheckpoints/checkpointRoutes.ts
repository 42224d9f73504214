import express, { type Router } from 'express';
import type { DataSource } from 'typeorm';
import { CheckpointRefusal, cosignCheckpoint, verifyCheckpoint } from './checkpoint';
import { listCheckpoints, recordCheckpoint } from './checkpointStore';
import type { ServicePublicKey, ServiceSigningKey } from './serviceKeys';

/** URL path of the checkpoint endpoints, on the registry and on every national service. */
export const AUDIT_CHECKPOINTS_PATH = '/audit/checkpoints';

export interface CheckpointReceiver {
  dataSource: DataSource;
  /** The countries' service public keys: a checkpoint is taken only when its country's key signed it. */
  keys: readonly ServicePublicKey[];
  /**
   * A witness: the national service's own key, to countersign what it takes. A country does not
   * witness its own log (its checkpoints are refused here).
   */
  witness?: ServiceSigningKey;
}

/**
 * `POST /audit/checkpoints` with `{"checkpoint": "<compact JWS>"}` takes a country's signed checkpoint
 * (201 `{"checkpoint": {...}, "cosignature": "<JWS>"|null}`; 400 AUDIT_CHECKPOINT_INVALID;
 * 409 AUDIT_CHECKPOINT_CONFLICT). The request needs no bearer token: the checkpoint authenticates
 * itself with the signature of the sending country's service key, and no user can make one.
 * `GET /audit/checkpoints/<CC>` lists what is held for a country (`{"checkpoints": [...]}`, by seq):
 * seq numbers, head hashes and times, no personal data.
 */
export function auditCheckpointRoutes(receiver: CheckpointReceiver): Router {
  const router = express.Router();
  router.post(AUDIT_CHECKPOINTS_PATH, express.json({ limit: '16kb' }), async (req, res) => {
    try {
      const jws = (req.body as { checkpoint?: unknown } | undefined)?.checkpoint;
      const checkpoint = await verifyCheckpoint(jws, receiver.keys);
      if (receiver.witness && checkpoint.country === receiver.witness.country)
        throw new CheckpointRefusal(
          'AUDIT_CHECKPOINT_INVALID',
          `${checkpoint.country} does not witness its own audit log: send its checkpoints to another country`,
        );
      const cosignature = receiver.witness
        ? await cosignCheckpoint(receiver.witness, checkpoint, new Date().toISOString())
        : null;
      await recordCheckpoint(receiver.dataSource, checkpoint, jws as string, cosignature);
      res.status(201).json({ checkpoint, cosignature });
    } catch (error) {
      if (!(error instanceof CheckpointRefusal)) {
        res.status(503).json({
          errors: [
            {
              message: 'The checkpoint could not be stored; send it again later.',
              extensions: { code: 'STORE_UNAVAILABLE' },
            },
          ],
        });
        return;
      }
      res
        .status(error.code === 'AUDIT_CHECKPOINT_CONFLICT' ? 409 : 400)
        .json({ errors: [{ message: error.message, extensions: { code: error.code } }] });
    }
  });
  router.get(`${AUDIT_CHECKPOINTS_PATH}/:country`, async (req, res) => {
    const country = String(req.params.country).toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) {
      res.status(400).json({
        errors: [
          { message: 'name a country: /audit/checkpoints/FI', extensions: { code: 'BAD_USER_INPUT' } },
        ],
      });
      return;
    }
    try {
      res.json({ checkpoints: await listCheckpoints(receiver.dataSource, country) });
    } catch {
      res.status(503).json({
        errors: [
          {
            message: 'The checkpoints cannot be read now; try again later.',
            extensions: { code: 'STORE_UNAVAILABLE' },
          },
        ],
      });
    }
  });
  return router;
}
