// A snapshot test written the way the README shows (px-security-constructs/testing).
import { PxTesting } from 'px-security-constructs/testing';
import { PortworxChart } from './chart';

test('the Portworx chart', () => {
  const chart = new PortworxChart(PxTesting.app(), 'test');
  expect(PxTesting.synth(chart)).toMatchSnapshot();
});
