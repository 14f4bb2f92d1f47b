/**
 * Jest mock of lightning/navigation, shaped like the lwc-recipes mock
 * (https://github.com/trailheadapps/lwc-recipes/blob/main/force-app/test/jest-mocks/lightning/navigation.js).
 * The mixin records the page reference it is called with; tests read it back through the helpers below.
 */
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export const CurrentPageReference = createTestWireAdapter(jest.fn());

let navigatePageReference;
let navigateReplace;
let generatePageReference;

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export const NavigationMixin = (Base) => {
  return class extends Base {
    [Navigate](pageReference, replace) {
      navigatePageReference = pageReference;
      navigateReplace = replace;
    }

    [GenerateUrl](pageReference) {
      generatePageReference = pageReference;
      return Promise.resolve('https://www.example.com');
    }
  };
};
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

/** The arguments of the last NavigationMixin.Navigate call. */
export const getNavigateCalledWith = () => ({
  pageReference: navigatePageReference,
  replace: navigateReplace,
});

/** The page reference of the last NavigationMixin.GenerateUrl call. */
export const getGenerateUrlCalledWith = () => ({
  pageReference: generatePageReference,
});

/** Forget recorded calls; call from afterEach so one test cannot see another's navigation. */
export const resetNavigationMock = () => {
  navigatePageReference = undefined;
  navigateReplace = undefined;
  generatePageReference = undefined;
};
