// Stashed MessagePorts (seed lines 28–33): model/proposals/stash.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialStashState, stashedPortLifetime, type StashOp } from '../index.js';

const run = (ops: StashOp[]) => stashedPortLifetime(initialStashState('v1'), ops);

describe('proposals: stashed MessagePort lifetime', () => {
  it('an ordinary port dies with the worker\'s JavaScript context; later messages are lost', () => {
    const r = run([{ op: 'accept', port: 'p' }, { op: 'message', port: 'p' }, { op: 'terminate' }, { op: 'message', port: 'p' }]);
    assert.deepEqual(r.log[0], { op: 'accept', port: 'p', context: 1, started: true });
    assert.deepEqual(r.log[1], { op: 'message', port: 'p', deliveredTo: 'port', worker: 'v1', context: 1 });
    assert.deepEqual(r.log[3], { op: 'message', port: 'p', deliveredTo: 'dropped', reason: 'closed' });
    assert.deepEqual(r.final.ports.p, { kind: 'closed', reason: 'context-destroyed' });
    assert.equal(r.final.started, 1);
  });

  it('a stashed port outlives the context: a message starts the worker and arrives on the global scope', () => {
    const r = run([
      { op: 'accept', port: 'p' },
      { op: 'stash', port: 'p', name: 'push' },
      { op: 'terminate' },
      { op: 'message', port: 'p' },
      { op: 'message', port: 'p' },
    ]);
    assert.deepEqual(r.log[3], {
      op: 'message',
      port: 'p',
      deliveredTo: 'global',
      worker: 'v1',
      context: 2,
      key: 'push',
      started: true,
      reconstituted: false,
    });
    // The second message finds the worker running: no new context.
    assert.equal(r.log[4]?.op === 'message' && 'started' in r.log[4] && r.log[4].started, false);
    assert.equal(r.final.started, 2);
    assert.deepEqual(r.final.ports.p, { kind: 'stashed', name: 'push', reconstitute: false });
  });

  it('transfer back from external ownership: the port is the context\'s again and dies with it', () => {
    const r = run([
      { op: 'accept', port: 'p' },
      { op: 'stash', port: 'p', name: 'k' },
      { op: 'terminate' },
      { op: 'unstash', name: 'k' },
      { op: 'message', port: 'p' },
      { op: 'terminate' },
      { op: 'message', port: 'p' },
    ]);
    assert.deepEqual(r.log[3], { op: 'unstash', name: 'k', ports: ['p'], context: 2, started: true });
    assert.equal(r.log[4]?.op === 'message' && 'deliveredTo' in r.log[4] && r.log[4].deliveredTo, 'port');
    assert.deepEqual(r.log[6], { op: 'message', port: 'p', deliveredTo: 'dropped', reason: 'closed' });
  });

  it('the variant: used as an object, stashed on destruction, reconstituted by the next message', () => {
    const r = run([
      { op: 'accept', port: 'p' },
      { op: 'markForStash', port: 'p', name: 'graph' },
      { op: 'message', port: 'p' },
      { op: 'terminate' },
      { op: 'message', port: 'p' },
      { op: 'message', port: 'p' },
    ]);
    assert.equal(r.log[2]?.op === 'message' && 'deliveredTo' in r.log[2] && r.log[2].deliveredTo, 'port');
    assert.deepEqual(r.log[4], {
      op: 'message',
      port: 'p',
      deliveredTo: 'global',
      worker: 'v1',
      context: 2,
      key: 'graph',
      started: true,
      reconstituted: true,
    });
    // Reconstituted: an object of context 2 again, still recorded for stashing.
    assert.deepEqual(r.log[5], { op: 'message', port: 'p', deliveredTo: 'port', worker: 'v1', context: 2 });
    assert.deepEqual(r.final.ports.p, { kind: 'marked', context: 2, name: 'graph' });
  });

  it('stashed ports belong to the registration: a new active worker receives their messages', () => {
    const r = run([
      { op: 'accept', port: 'p' },
      { op: 'accept', port: 'q' },
      { op: 'stash', port: 'p', name: 'k' },
      { op: 'activate', worker: 'v2' },
      { op: 'message', port: 'p' },
      { op: 'message', port: 'q' },
    ]);
    assert.equal(r.log[4]?.op === 'message' && 'worker' in r.log[4] && r.log[4].worker, 'v2');
    assert.deepEqual(r.log[5], { op: 'message', port: 'q', deliveredTo: 'dropped', reason: 'closed' });
  });

  it('unregistering closes stashed ports; a marked port then closes with its context', () => {
    const r = run([
      { op: 'accept', port: 'p' },
      { op: 'accept', port: 'q' },
      { op: 'stash', port: 'p', name: 'k' },
      { op: 'markForStash', port: 'q', name: 'm' },
      { op: 'unregister' },
      { op: 'message', port: 'q' },
      { op: 'terminate' },
      { op: 'message', port: 'p' },
      { op: 'message', port: 'q' },
      { op: 'stash', port: 'q', name: 'k' },
    ]);
    assert.equal(r.log[5]?.op === 'message' && 'deliveredTo' in r.log[5] && r.log[5].deliveredTo, 'port');
    assert.deepEqual(r.final.ports.p, { kind: 'closed', reason: 'registration-removed' });
    assert.deepEqual(r.final.ports.q, { kind: 'closed', reason: 'registration-removed' });
    assert.deepEqual(r.log[9], { op: 'stash', error: 'InvalidStateError', port: 'q' });
  });

  it('the other end closing ends a stashed port too', () => {
    const r = run([{ op: 'accept', port: 'p' }, { op: 'stash', port: 'p', name: 'k' }, { op: 'remoteClose', port: 'p' }, { op: 'message', port: 'p' }]);
    assert.deepEqual(r.log[3], { op: 'message', port: 'p', deliveredTo: 'dropped', reason: 'closed' });
  });

  it('only a port held by the running context can be stashed', () => {
    const r = run([{ op: 'accept', port: 'p' }, { op: 'terminate' }, { op: 'stash', port: 'p', name: 'k' }, { op: 'stash', port: 'nope', name: 'k' }]);
    assert.deepEqual(r.log[2], { op: 'stash', error: 'InvalidStateError', port: 'p' });
    assert.deepEqual(r.log[3], { op: 'stash', error: 'InvalidStateError', port: 'nope' });
  });
});
