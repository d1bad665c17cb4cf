import { describe, expect, it } from 'vitest';
import { askedActOf, askedPostOf, holderUnstated, statesHolder } from './role-identity.ts';

describe('who holds a post', () => {
  it('reads a question that asks who holds a post, and only one asked on its own', () => {
    expect(askedPostOf("who is the council's prevent lead, need to refer a radicalisation concern")).toBe(
      'lead',
    );
    expect(askedPostOf('who is the person in a position of trust lead and how do i contact them')).toBe(
      'lead',
    );
    expect(askedPostOf("who's the safeguarding coordinator at the moment")).toBe('coordinator');
    expect(askedPostOf('who is the prevent lead in community safety?')).toBe('lead');
    // An office the field names by an acronym is answered by what it is and how to reach it.
    expect(askedPostOf('who is the lado and how do i contact them?')).toBeUndefined();
    expect(askedPostOf('who is the lead dsl and how do i contact them')).toBeUndefined();
    // A responsibility, a situation or no post at all: left to the model.
    expect(askedPostOf('who is the lead for safeguarding at the council')).toBeUndefined();
    expect(askedPostOf('who is responsible for the whistleblowing policy')).toBeUndefined();
    expect(askedPostOf('who is in charge of safeguarding overall')).toBeUndefined();
    expect(askedPostOf('what does the prevent lead do')).toBeUndefined();
    // Who a group of people are is answered by what they are ("DSLs are experienced staff trained to...").
    expect(askedPostOf('who are the dsls')).toBeUndefined();
  });

  it('finds who holds it in a named person or the post stated as what someone is, not in a passing mention', () => {
    expect(
      statesHolder("The lead DSL is the council's Head of Safeguarding and Quality Assurance.", 'dsl'),
    ).toBe(true);
    expect(statesHolder('The Monitoring Officer acts as the whistleblowing lead.', 'lead')).toBe(true);
    expect(statesHolder('Tim Sadler, Executive Director, Community Services', 'owner')).toBe(true);
    expect(
      statesHolder(
        "The DSL will discuss it with the council's Prevent lead in the Community Safety team, who decides whether to make a Prevent referral.",
        'lead',
      ),
    ).toBe(false);
    expect(statesHolder("...and to the council's Person in a Position of Trust (PiPoT) lead.", 'lead')).toBe(
      false,
    );
    // A post that is shown or used, not said to be someone.
    expect(statesHolder('The on-duty DSLs are shown in the Safeguarding Assistant.', 'dsl')).toBe(false);
    expect(statesHolder('The role is the same and this policy uses DSL for both.', 'dsl')).toBe(false);
    expect(statesHolder('DSLs are appointed by their director and confirmed by the lead DSL.', 'dsl')).toBe(
      false,
    );
  });

  it('takes a way to reach the post as an answer when the question asks for one', () => {
    const question = 'who is the monitoring officer and how do i contact them';
    const passage =
      'Whistleblowing concerns go to the Monitoring Officer, by email to whistleblowing@northbridge.example.';
    expect(holderUnstated(question, passage)).toBe(false);
    expect(holderUnstated('who is the monitoring officer', passage)).toBe(true);
    expect(holderUnstated(question, 'Whistleblowing concerns go to the Monitoring Officer.')).toBe(true);
  });

  it('asks who chairs a meeting of the passage that says who chairs it', () => {
    const chaired = askedActOf('who chairs the allegations management meeting');
    expect(chaired?.test('These meetings are chaired by the team leader.')).toBe(true);
    expect(chaired?.test('The LADO may call an allegations management meeting with the police.')).toBe(false);
    expect(askedActOf('who runs the tenants at risk meetings')).toBeUndefined();
  });
});
