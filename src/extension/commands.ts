/** Every command id the extension contributes, in one place. */
export const Commands = {
  openPreview: 'kerasInitializers.openPreview',
  generateWeights: 'kerasInitializers.generateWeights',
  showModelSummary: 'kerasInitializers.showModelSummary',
  generateModelWeights: 'kerasInitializers.generateModelWeights',
  checkModelInitialization: 'kerasInitializers.checkModelInitialization',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
