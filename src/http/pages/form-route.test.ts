import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { translator } from '../../web/i18n/index.js';
import { TopicProposal } from '../schemas/agenda.js';
import { CreateIdeaBody } from '../schemas/ideas.js';
import { schemaFieldErrors, shapeForm } from './form-route.js';
import { FormFields } from './kit.js';

describe('a form shaped by the schema its API twin validates with', () => {
  const schema = Type.Object({
    title: Type.String({ maxLength: 10 }),
    minutes: Type.Optional(Type.Integer({ minimum: 1 })),
    recorded: Type.Boolean(),
    tags: Type.Optional(Type.Array(Type.String())),
  });

  it('takes only the schema’s fields, reads numbers and checkboxes, and leaves out empty optional ones', () => {
    const fields = new FormFields({
      _csrf: 'x',
      next: '/',
      title: 'Plan',
      minutes: '15',
      recorded: 'on',
      tags: ['a', '', 'b'],
    });
    expect(shapeForm(schema, fields)).toEqual({
      title: 'Plan',
      minutes: 15,
      recorded: true,
      tags: ['a', 'b'],
    });
    expect(shapeForm(schema, new FormFields({ title: '', minutes: '' }))).toEqual({
      title: '',
      recorded: false,
      tags: [],
    });
  });

  it('keeps what is not a number as typed, so the schema names the field', () => {
    const input = shapeForm(schema, new FormFields({ title: 'Plan', minutes: 'ten' }));
    expect(input.minutes).toBe('ten');
    expect(Compile(schema).Check(input)).toBe(false);
  });

  it('says a field’s own message where its schema names one, in the reader’s language', () => {
    const input = shapeForm(TopicProposal, new FormFields({ title: 'Plan', minutes: '0' }));
    const validator = Compile(TopicProposal);
    expect(validator.Check(input)).toBe(false);
    expect(schemaFieldErrors(TopicProposal, validator.Errors(input), translator('de'))).toEqual({
      minutes: [translator('de')('error.badTopicMinutes', { max: 240 })],
    });
  });

  it('names a missing required field and an over-long one by the kind of complaint', () => {
    const validator = Compile(schema);
    const input = { recorded: false, minutes: 3, title: 'x'.repeat(11) };
    const errors = schemaFieldErrors(schema, validator.Errors(input), translator('en'));
    expect(errors.title).toEqual([translator('en')('error.tooLong', { max: 10 })]);
    const missing = schemaFieldErrors(schema, validator.Errors({ recorded: true }), translator('en'));
    expect(missing.title).toEqual([translator('en')('error.required')]);
  });

  it('reads lists from lines or commas as the schema says, null where it may be, objects key by key', () => {
    const lists = Type.Object({
      links: Type.Array(Type.String(), { 'x-form': 'lines' }),
      labels: Type.Optional(Type.Array(Type.String(), { 'x-form': 'commas' })),
      idea: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      due: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      intro: Type.Object({
        en: Type.Union([Type.String(), Type.Null()]),
        de: Type.Union([Type.String(), Type.Null()]),
      }),
    });
    const fields = new FormFields({
      links: 'https://a.example\r\n\n https://b.example ',
      labels: 'ui, bug,,',
      idea: '',
      'intro.en': 'Hello',
      'intro.de': '',
    });
    expect(shapeForm(lists, fields)).toEqual({
      links: ['https://a.example', 'https://b.example'],
      labels: ['ui', 'bug'],
      idea: null,
      intro: { en: 'Hello', de: null },
    });
    const validator = Compile(lists);
    const errors = schemaFieldErrors(
      lists,
      validator.Errors({ links: [], intro: { en: 3 } }),
      translator('en'),
    );
    expect(Object.keys(errors).sort()).toEqual(['intro.de', 'intro.en']);
  });

  it('reads a list of objects from parallel repeated fields, dropping blank rows and keeping half-filled ones', () => {
    const fields = new FormFields({
      title: 'Plan',
      tags: ' ui, Bug ,,',
      link_label: ['Docs', '', '', 'Spec'],
      link_url: ['https://example.org/docs', '', 'https://example.org/half'],
    });
    expect(shapeForm(CreateIdeaBody, fields)).toEqual({
      title: 'Plan',
      tags: ['ui', 'Bug'],
      links: [
        { label: 'Docs', url: 'https://example.org/docs' },
        { label: '', url: 'https://example.org/half' },
        { label: 'Spec', url: '' },
      ],
    });
    expect(
      shapeForm(CreateIdeaBody, new FormFields({ title: 'Plan', link_label: '', link_url: '' })).links,
    ).toEqual([]);
  });
});
