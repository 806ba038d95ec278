import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors/domain-error';
import {
  assertNoCollisionWith,
  assertNoNameCollision,
  collisionsOf,
  nameCollisions,
  nameCollisionsPerNode,
} from '../../../src/domain/names/name-collision';

const svc = (name: string, ...components: string[]) => ({ name, components: components.map((c) => ({ name: c })) });

describe('name collisions', () => {
  it('finds `relx` + `a-b` against `relx-a` + `b`, naming both services, components and the container', () => {
    expect(nameCollisions([svc('relx', 'a-b', 'web'), svc('relx-a', 'b')])).to.deep.equal([
      { container: 'relx-a-b', first: { service: 'relx', component: 'a-b' }, second: { service: 'relx-a', component: 'b' } },
    ]);
  });

  it('finds a component named like its service against another service\'s joined name', () => {
    // `relx-a` alone is the container of service relx-a's component relx-a, and of relx's component a.
    expect(nameCollisions([svc('relx', 'a'), svc('relx-a', 'relx-a')]).map((c) => c.container)).to.deep.equal(['relx-a']);
  });

  it('finds none among distinct names, prefixes that do not meet, or within one service', () => {
    expect(nameCollisions([svc('relx', 'a', 'b'), svc('relx-a', 'c'), svc('relxa', 'b'), svc('mc-proxy', 'mc-proxy')])).to.deep.equal([]);
    expect(nameCollisions([svc('relx', 'relx', 'a')])).to.deep.equal([]);
  });

  it('reports every colliding pair, in input order', () => {
    const found = nameCollisions([svc('a', 'b-c', 'b-d'), svc('a-b', 'c', 'd')]);
    expect(found.map((c) => [c.container, c.first.service, c.second.service])).to.deep.equal([
      ['a-b-c', 'a', 'a-b'],
      ['a-b-d', 'a', 'a-b'],
    ]);
  });

  it('per node: the same container name on two nodes is no collision', () => {
    const on = (node: string, s: ReturnType<typeof svc>) => ({ ...s, node });
    expect(nameCollisionsPerNode([on('n1', svc('relx', 'a-b')), on('n2', svc('relx-a', 'b'))])).to.deep.equal([]);
    expect(nameCollisionsPerNode([on('n1', svc('relx', 'a-b')), on('n2', svc('x', 'y')), on('n1', svc('relx-a', 'b'))])).to.have.length(1);
  });

  it('one service against the others ignores its own earlier version and collisions among the others', () => {
    const others = [svc('relx', 'a-b'), svc('relx-a', 'b'), svc('q', 'r')];
    expect(collisionsOf(svc('q', 'r', 's'), others)).to.deep.equal([]);
    expect(collisionsOf(svc('q-r', 'x'), others)).to.deep.equal([]);
    expect(collisionsOf(svc('q', 'r-x'), [...others, svc('q-r', 'x')])).to.deep.equal([
      { container: 'q-r-x', first: { service: 'q-r', component: 'x' }, second: { service: 'q', component: 'r-x' } },
    ]);
  });

  it('throws NAME_COLLISION with one line naming both services and the container', () => {
    expect(() => assertNoNameCollision([svc('relx', 'a-b'), svc('relx-a', 'b')], 'a.toml and b.toml'))
      .to.throw(DomainError, 'a.toml and b.toml: services relx and relx-a both name container relx-a-b (relx component a-b, relx-a component b)')
      .with.property('code', 'NAME_COLLISION');
    expect(() => assertNoCollisionWith(svc('relx-a', 'b'), [svc('relx', 'a-b')]))
      .to.throw(/^services relx and relx-a both name container relx-a-b .*: rename a component or a service; nothing was changed$/)
      .with.property('code', 'NAME_COLLISION');
    expect(() => assertNoNameCollision([svc('relx', 'a-b'), svc('relx-b', 'a')])).to.not.throw();
  });
});
