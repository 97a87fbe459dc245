// Text the generator combines into subjects and comments. No characters HTML would escape, so a
// body's HTML is its text in paragraphs, exactly as the server renders a plain-text comment.

export const SUBJECTS = [
  'Cannot log in to my account',
  'Invoice shows the wrong amount',
  'Order has not arrived yet',
  'Refund for a cancelled subscription',
  'Export to CSV fails with an error',
  'How do I add a second user',
  'Password reset email never arrives',
  'App crashes when uploading a photo',
  'Question about the enterprise plan',
  'Two charges on my credit card',
  'Change the billing address',
  'Integration with our CRM stopped syncing',
  'Feature request: dark mode',
  'The page is very slow since yesterday',
  'Wrong item in the package',
  'Cannot download the mobile app',
];

export const CUSTOMER_PHRASES = [
  'I tried again this morning and it still does not work.',
  'This is the third time I am writing about this.',
  'Could you please look into it as soon as possible?',
  'We have a deadline on Friday, so this is urgent for us.',
  'I attached a screenshot of the error message.',
  'Nothing changed after clearing the cache and restarting.',
  'My colleague has the same problem on another computer.',
  'The order number is in the confirmation email you sent.',
  'It worked fine until the update last week.',
  'Is there a workaround we can use in the meantime?',
  'Thank you for the quick answer, that solved it.',
  'I would also like to know when the next release is planned.',
];

export const AGENT_PHRASES = [
  'Thanks for reaching out, and sorry for the trouble.',
  'I have forwarded this to our engineering team.',
  'Could you tell me which browser and version you are using?',
  'I have issued the refund; it should show within five business days.',
  'The fix was deployed this morning, please try again.',
  'I reset the setting on our side, it should work now.',
  'Let me check with billing and come back to you today.',
  'Could you send us the exact time the error happened?',
  'I am marking this as solved, reply here if anything is still wrong.',
  'Our status page has the latest news about this incident.',
];
