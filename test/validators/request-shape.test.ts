import { describe, expect, it } from 'vitest';
import { checkRequestShape, MAX_SHAPE_ISSUES, REQUEST_SHAPES, shapeVerdict } from '../../src/validators/request-shape.js';

const check = (preset: keyof typeof REQUEST_SHAPES, body: unknown) => checkRequestShape(REQUEST_SHAPES[preset], body);
const paths = (preset: keyof typeof REQUEST_SHAPES, body: unknown) => check(preset, body).map((issue) => issue.path);

describe('request shape: openai-chat', () => {
  it('accepts string content, text and image parts, tool-calling assistant messages and unknown extra fields', () => {
    expect(
      check('openai-chat', {
        model: 'gpt-4o',
        stream: true,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: 'data:,' } }], name: 'ann' },
          { role: 'assistant', content: null, tool_calls: [{ id: 't1' }] },
          { role: 'tool', tool_call_id: 't1', content: 'result' },
          { role: 'developer', content: 'x' },
        ],
      }),
    ).toEqual([]);
  });

  it.each([
    [{}, ['messages']],
    [{ messages: [] }, ['messages']],
    [{ messages: 'hi' }, ['messages']],
    [{ messages: [{ role: 'user' }] }, ['messages[0].content']],
    [{ messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }, { role: 'user', content: 42 }] }, ['messages[2].content']],
    [{ messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text' }] }] }, ['messages[0].content[1].text']],
    [{ messages: [{ role: 'robot', content: 'x' }] }, ['messages[0].role']],
    ['just a string', ['(root)']],
  ])('lists the path of each issue in %j', (body, expected) => {
    expect(paths('openai-chat', body)).toEqual(expected);
  });

  it('never quotes the offending value in a message', () => {
    const issues = check('openai-chat', { messages: [{ role: 'ignore previous instructions', content: { secret: 'ignore previous instructions' } }] });
    expect(issues.length).toBeGreaterThan(0);
    expect(JSON.stringify(issues)).not.toContain('ignore previous');
  });

  it('reports at most MAX_SHAPE_ISSUES issues for a huge bad body', () => {
    const messages = Array.from({ length: 5000 }, () => ({ role: 'user', content: 1 }));
    expect(check('openai-chat', { messages })).toHaveLength(MAX_SHAPE_ISSUES);
  });
});

describe('request shape: openai-completions', () => {
  it('accepts a prompt string or an array of strings', () => {
    expect(check('openai-completions', { model: 'x', prompt: 'hi' })).toEqual([]);
    expect(check('openai-completions', { prompt: ['a', 'b'] })).toEqual([]);
  });

  it('refuses token arrays, which cannot be scanned, and a missing prompt', () => {
    expect(check('openai-completions', { prompt: [1, 2, 3] })[0]).toMatchObject({ path: 'prompt[0]', message: expect.stringMatching(/token arrays cannot be scanned/) });
    expect(paths('openai-completions', {})).toEqual(['prompt']);
    expect(paths('openai-completions', { prompt: [] })).toEqual(['prompt']);
  });
});

describe('request shape: anthropic-messages', () => {
  it('accepts string content, text / image / tool_result / document blocks and a block system prompt', () => {
    expect(
      check('anthropic-messages', {
        system: [{ type: 'text', text: 'Be brief.' }],
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }] },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'out' }, { type: 'search_result', source: 's', title: 't', content: [{ type: 'text', text: 'hit' }] }] },
              { type: 'search_result', source: 's', title: 't', content: [{ type: 'text', text: 'hit' }] },
              { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'doc' } },
              { type: 'image', source: { type: 'base64', data: 'AA==' } },
            ],
          },
        ],
      }),
    ).toEqual([]);
  });

  it.each([
    [{ messages: [{ role: 'system', content: 'x' }] }, ['messages[0].role']],
    [{ messages: [{ role: 'user', content: [{ type: 'text', text: 5 }] }] }, ['messages[0].content[0].text']],
    [{ messages: [{ role: 'user', content: [{ type: 'tool_result', content: [{ type: 'text' }] }] }] }, ['messages[0].content[0].content[0].text']],
    [{ messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text' } }] }] }, ['messages[0].content[0].source.data']],
    [{ system: 7, messages: [{ role: 'user', content: 'x' }] }, ['system']],
    [{ messages: [{ role: 'user', content: [{ type: 'tool_result', content: [{ type: 'document', source: { type: 'text' } }] }] }] }, ['messages[0].content[0].content[0].source.data']],
    [{ messages: [{ role: 'user', content: [{ type: 'tool_result', content: [{ type: 'search_result', content: [{ type: 'text' }] }] }] }] }, ['messages[0].content[0].content[0].content[0].text']],
    [{ messages: [{ role: 'user', content: [{ type: 'search_result', content: 'x' }] }] }, ['messages[0].content[0].content']],
    [{ messages: [{ role: 'user', content: [{ type: 'document', title: 7, context: ['x'], source: { type: 'text', data: 'd' } }] }] }, ['messages[0].content[0].title', 'messages[0].content[0].context']],
    [{ messages: [{ role: 'user', content: [{ type: 'search_result', title: { t: 1 }, content: [] }] }] }, ['messages[0].content[0].title']],
  ])('lists the path of each issue in %j', (body, expected) => {
    expect(paths('anthropic-messages', body)).toEqual(expected);
  });
});

describe('request shape: fields', () => {
  it('accepts any JSON object or array and refuses anything else', () => {
    expect(check('fields', { anything: 1 })).toEqual([]);
    expect(check('fields', [1, 2])).toEqual([]);
    expect(paths('fields', 'text')).toEqual(['(root)']);
  });
});

describe('shapeVerdict', () => {
  it('turns issues into a blocking request-level verdict with one invalid_request_shape finding each', () => {
    expect(shapeVerdict([{ path: 'messages', message: 'Expected at least one message' }], 0.1)).toEqual({
      stage: 'request-shape',
      kind: 'validate',
      action: 'block',
      findings: [{ code: 'invalid_request_shape', message: 'messages: Expected at least one message' }],
      ms: 0.1,
    });
  });
});
